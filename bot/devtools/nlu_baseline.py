"""The baseline every pipeline is measured against in the same run (issue 11): character 1–4-gram TF-IDF and a
linear classifier (scikit-learn's ``TfidfVectorizer`` and ``LinearSVC``, defaults otherwise), trained on the same
``data/nlu``. It has no tokenizer, no entity hints and no tuning on purpose: a pipeline that does not beat it is
leaving accuracy behind. scikit-learn is a development dependency only; the product never runs this.
"""

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from bot.devtools.nlu_data import Example
from bot.devtools.nlu_metrics import Prediction
from bot.text_input import clean_owner_text

NAME = "baseline: char 1-4 TF-IDF + LinearSVC"


def _text(example_text: str) -> str:
    return clean_owner_text(example_text).text


def train_and_predict(train: list[Example], tests: dict[str, list[Example]]) -> dict[str, list[Prediction]]:
    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 4)), LinearSVC())
    model.fit([_text(e.plain) for e in train], [e.intent for e in train])
    result = {}
    for name, examples in tests.items():
        predicted = model.predict([_text(e.plain) for e in examples]) if examples else []
        pairs = zip(examples, predicted, strict=True)
        result[name] = [Prediction(_text(e.plain), e.intent, str(label)) for e, label in pairs]
    return result
