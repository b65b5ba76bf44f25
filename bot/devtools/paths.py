"""Where things are in a checkout."""

import os
from pathlib import Path

from bot.config import PROJECT_ROOT

RASA_VENV = Path(os.environ.get("WUYEBOT_RASA_VENV", PROJECT_ROOT / ".venv-rasa"))
RASA_BIN = RASA_VENV / "bin" / "rasa"
DOMAIN_DIR = PROJECT_ROOT / "bot" / "intents"
DATA_DIR = PROJECT_ROOT / "data"
CONFIG_FILE = PROJECT_ROOT / "config.yml"
MODELS_DIR = PROJECT_ROOT / "models"
REPORTS_DIR = PROJECT_ROOT / "reports"
TEST_STORIES = PROJECT_ROOT / "tests" / "test_stories.yml"
HELDOUT_DIR = PROJECT_ROOT / "tests" / "nlu"
# The fresh held-out set of issue 11, written by a separate writer who never saw the training data.
FRESH_NLU = HELDOUT_DIR / "test_nlu_realistic.yml"
TABLES_DIR = PROJECT_ROOT / "tests" / "tables"
