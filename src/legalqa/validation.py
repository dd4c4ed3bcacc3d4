"""Input limits shared by the API, the CLI, the web page and the chatbot tools, with messages in
Chinese and English. The limits are the settings' (LEGALQA_MAX_QUERY_CHARS, LEGALQA_MAX_K)."""

from legalqa.errors import UserError
from legalqa.settings import Settings


def _query_problem(q: str | None, k: int, settings: Settings) -> tuple[str, str] | None:
    """(field, message) for what is wrong with the query, or None when it is fine."""
    if q is None or not q.strip():
        return "q", "请输入问题 / the question (q) must not be empty"
    if len(q) > settings.max_query_chars:
        return "q", (f"问题太长了，请控制在{settings.max_query_chars}字以内（现在{len(q)}字） / "
                     f"the question is too long: {len(q)} characters, at most {settings.max_query_chars}")
    if not 1 <= k <= settings.max_k:
        return "k", f"k 必须在1到{settings.max_k}之间 / k must be between 1 and {settings.max_k}"
    return None


def validate_query(q: str | None, k: int, settings: Settings) -> str | None:
    """A message saying what is wrong with the query, or None when it is fine."""
    problem = _query_problem(q, k, settings)
    return problem[1] if problem else None


def check_query(q: str | None, k: int, settings: Settings) -> None:
    """Raises UserError naming the field (q or k) when the query cannot be served."""
    problem = _query_problem(q, k, settings)
    if problem:
        field, message = problem
        raise UserError(message, [{"field": field, "message": message}])
