import pytest

from tests.wechat_harness import make_harness, official_vector


@pytest.fixture
def harness(tmp_path, monkeypatch):
    yield from make_harness(tmp_path, monkeypatch)


@pytest.fixture
def official_harness(tmp_path, monkeypatch):
    """Configured with the official sample's account, at the sample's time (for the official test vector)."""
    vector, env, clock = official_vector()
    for item in make_harness(tmp_path, monkeypatch, env, clock):
        yield item, vector
