"""Input limits shared by the API, the CLI and the web page, with messages in Chinese and English."""

from legalqa.settings import Settings


def validate_query(q: str | None, k: int, settings: Settings) -> str | None:
    """A message saying what is wrong with the query, or None when it is fine."""
    if q is None or not q.strip():
        return "请输入问题 / the question (q) must not be empty"
    if len(q) > settings.max_query_chars:
        return (f"问题太长了，请控制在{settings.max_query_chars}字以内（现在{len(q)}字） / "
                f"the question is too long: {len(q)} characters, at most {settings.max_query_chars}")
    if not 1 <= k <= settings.max_k:
        return f"k 必须在1到{settings.max_k}之间 / k must be between 1 and {settings.max_k}"
    return None
