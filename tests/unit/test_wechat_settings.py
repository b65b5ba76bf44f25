"""WeChat settings as WeChat users expect them: nothing set → development; token alone → real signatures with the
fake API; a secret → the real API."""

from bot.config import DEV_WECHAT_TOKEN, load_settings

KEYS = ("WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_TOKEN", "WECHAT_ENCODING_AES_KEY", "WECHAT_API_BASE")


def settings(monkeypatch, **env):
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return load_settings().wechat


def test_nothing_set_is_the_development_default(monkeypatch):
    wechat = settings(monkeypatch)
    assert wechat.token == DEV_WECHAT_TOKEN and wechat.is_development and wechat.uses_fake_api
    assert wechat.api_base == "http://127.0.0.1:8000/_fakewechat" and wechat.encoding_aes_key


def test_token_alone_checks_real_signatures_but_calls_the_fake(monkeypatch):
    wechat = settings(monkeypatch, WECHAT_TOKEN="mytoken")
    assert wechat.token == "mytoken" and wechat.uses_fake_api and not wechat.is_development
    assert wechat.encoding_aes_key is None  # plain mode unless a key is configured


def test_a_secret_switches_the_fake_off(monkeypatch):
    wechat = settings(monkeypatch, WECHAT_APP_ID="wx1", WECHAT_APP_SECRET="s", WECHAT_TOKEN="t",
                      WECHAT_ENCODING_AES_KEY="k" * 43)
    assert not wechat.uses_fake_api and wechat.api_base is None and wechat.encoding_aes_key == "k" * 43


def test_the_simulator_is_off_once_any_credential_is_set(monkeypatch):
    from starlette.testclient import TestClient

    from bot import container
    from bot.app import create_app

    settings(monkeypatch, WECHAT_TOKEN="mytoken")
    container.use(container.Container(settings=load_settings()))
    try:
        with TestClient(create_app(run_retrier=False)) as client:
            assert client.get("/simulator").status_code == 404
            assert client.post("/simulator/api/send", json={"openid": "o", "text": "x"}).status_code == 404
    finally:
        container.use(None)
