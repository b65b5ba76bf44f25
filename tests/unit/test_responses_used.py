"""Every response in the domain is said somewhere: by a rule or story, by a form asking for a slot, or by an
action (through bot.names.Response). A response nothing says is dead text that will drift out of date."""

import re
from pathlib import Path

from bot.names import Response
from tests.support import PROJECT_ROOT, load_domain


def test_every_response_is_used():
    domain = load_domain()
    dialogue = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "data").rglob("*.yml"))
    code = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "bot").rglob("*.py"))
    form_asks = {f"utter_ask_{slot}" for form in domain["forms"].values() for slot in form["required_slots"]}
    used_in_code = {Response[name].value for name in re.findall(r"Response\.([A-Z0-9_]+)", code)}
    unused = {r for r in domain["responses"]
              if r not in form_asks and r not in used_in_code and not re.search(rf"\b{r}\b", dialogue)}
    assert unused == set(), f"responses nothing says: {sorted(unused)}"


def test_response_names_in_code_exist():
    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(PROJECT_ROOT / "bot").rglob("*.py"))
    for name in set(re.findall(r"Response\.([A-Z0-9_]+)", code)):
        assert name in Response.__members__, name
