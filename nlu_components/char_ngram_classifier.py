"""An intent classifier on character n-grams of the whole message, TF-IDF weighted, with a linear model.

Why (docs/nlu.md, issue 11): Rasa's CountVectorsFeaturizer builds character n-grams over jieba's tokens joined by
spaces, so n-grams that cross a token boundary are lost or depend on how jieba happened to cut a typo; and DIET
over-fits a few thousand short messages. A TF-IDF of the raw text's character 1–4-grams with a regularised linear
model, measured on the fresh held-out set and cross-validation, did better. The rest of the pipeline's sentence
features (jieba words, entity patterns) can be added with ``pipeline_features_weight``.
"""

from __future__ import annotations

import pickle
import re
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

_MODEL_FILE = "char_ngram_classifier.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CharNgramIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "min_ngram": 1,
            "max_ngram": 4,
            "sublinear_tf": True,
            # Inverse regularisation strength of the logistic regression; TF-IDF rows have unit length.
            "C": 10.0,
            # 0: character n-grams only; > 0: the pipeline's other sentence features too, each message's row
            # scaled to this length.
            "pipeline_features_weight": 0.0,
            "ranking_length": 10,
            "random_state": 42,
            # Entities whose text is replaced by one mark before the n-grams are taken (data/nlu/entities.yml
            # regexes): a room number or a phone number says nothing about the intent, but its digits and 栋/单元
            # pulled every message that carried one towards bind_unit (cross-validation 0.873 → 0.889).
            "mask_entities": ["unit", "phone", "amount"],
        }

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vectorizer: TfidfVectorizer | None = None, model: LogisticRegression | None = None,
                 masks: list[dict[str, str]] | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizer = vectorizer
        self.model = model
        self.masks = masks or []
        self._compiled = [(re.compile(m["pattern"], re.IGNORECASE), m["mark"]) for m in self.masks]

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CharNgramIntentClassifier:
        return cls(config, model_storage, resource)

    def _text(self, message: Message) -> str:
        text = (message.get(TEXT) or "").lower()
        for pattern, mark in self._compiled:
            text = pattern.sub(mark, text)
        return text

    def _features(self, messages: list[Message], fit: bool = False) -> scipy.sparse.csr_matrix:
        texts = [self._text(m) for m in messages]
        chars = self.vectorizer.fit_transform(texts) if fit else self.vectorizer.transform(texts)
        weight = self.config["pipeline_features_weight"]
        if not weight:
            return chars
        rows = []
        for message in messages:
            sentence = message.get_sparse_features(TEXT)[1]
            rows.append(scipy.sparse.csr_matrix(sentence.features) if sentence is not None
                        else scipy.sparse.csr_matrix((1, 0)))
        others = normalize(scipy.sparse.vstack(rows).astype(np.float64)) * weight
        return scipy.sparse.hstack([chars, others]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        masked = set(self.config["mask_entities"])
        self.masks = [{"pattern": r["pattern"], "mark": f"〔{r['name']}〕"} for r in training_data.regex_features
                      if r["name"] in masked]
        self._compiled = [(re.compile(m["pattern"], re.IGNORECASE), m["mark"]) for m in self.masks]
        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=(self.config["min_ngram"], self.config["max_ngram"]),
            sublinear_tf=self.config["sublinear_tf"], lowercase=False,
        )
        features = self._features(examples, fit=True)
        self.model = LogisticRegression(C=self.config["C"], max_iter=5000, random_state=self.config["random_state"])
        self.model.fit(features, [e.get(INTENT) for e in examples])
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        probabilities = self.model.predict_proba(self._features(messages))
        for message, row in zip(messages, probabilities, strict=True):
            pairs = zip(self.model.classes_, row, strict=True)
            ranking = sorted(({"name": str(name), "confidence": float(p)} for name, p in pairs),
                             key=lambda item: -item["confidence"])
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory, (directory / _MODEL_FILE).open("wb") as handle:
            pickle.dump({"vectorizer": self.vectorizer, "model": self.model, "masks": self.masks}, handle)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> CharNgramIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory, (directory / _MODEL_FILE).open("rb") as handle:
                saved = pickle.load(handle)  # our own model file, written by persist() above
        except (ValueError, FileNotFoundError):
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, saved["vectorizer"], saved["model"], saved.get("masks"))
