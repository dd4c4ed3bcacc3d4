"""`legalqa train-reranker`: fine-tunes the cross-encoder of rerank.py from the local e5 weights.

Pairs come from the project's own data only, never from an evaluation set:
- each article question (knowledge/article_questions.yaml) with its article;
- each everyday phrasing of a guide with the first articles the guide rests on;
- the facts of each case (基本案情 or the worker's question) with the articles the case cites.
Negatives are the articles the first-stage search ranks high for that question that are not its
own: the candidates the reranker will have to tell apart when it runs.

Run by hand on CPU (about 20 minutes for the default 4-layer model on two cores); never during
set-up or CI; the folder it writes is kept out of git (.cache/).
"""

import json
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from legalqa.knowledge import load_article_questions
from legalqa.rerank import MODEL_MARKER, RERANK_TOP, passage_text
from legalqa.service import SearchService

CASE_QUESTION_SECTIONS = ("问题", "基本案情", "案件概况")
CASE_QUESTION_CHARS = 300
GUIDE_ARTICLES = 3  # a guide lists its governing articles first
# the transformer's own files; the sentence-transformers pooling modules are left behind
_MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "sentencepiece.bpe.model")


@dataclass(frozen=True)
class Pair:
    question: str
    article_id: str
    label: float  # 1 = the article answers the question, 0 = a first-stage candidate that does not


def training_questions(service: SearchService, knowledge_dir: Path) -> list[tuple[str, list[str]]]:
    """(question, the articles that answer it) from the project's own data."""
    articles = service.library.statutes.articles
    out: list[tuple[str, list[str]]] = []
    for aid, questions in load_article_questions(knowledge_dir).items():
        if aid in articles:
            out += [(q, [aid]) for q in questions]
    for guide in service.library.guides.values():
        governing = [a for a in guide.articles if a in articles][:GUIDE_ARTICLES]
        if governing:
            out += [(p, governing) for p in guide.phrasings]
    for case in service.library.cases.values():
        cited = [a for a in service.library.case_cites.get(case.id, []) if a in articles]
        section = next((case.section(name) for name in CASE_QUESTION_SECTIONS if case.section(name)), None)
        if cited and section is not None:
            out.append((section.text[:CASE_QUESTION_CHARS], cited))
    return out


def build_pairs(service: SearchService, questions: list[tuple[str, list[str]]], negatives: int = 4,
                seed: int = 0) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for question, positives in questions:
        pairs += [Pair(question, aid, 1.0) for aid in positives]
        candidates = [a for a in service.article_ids(question, top=RERANK_TOP) if a not in positives]
        pairs += [Pair(question, aid, 0.0) for aid in rng.sample(candidates, min(negatives, len(candidates)))]
    rng.shuffle(pairs)
    return pairs


def article_passage(service: SearchService, article_id: str) -> str:
    article = service.library.statutes.articles[article_id]
    return passage_text(article.law, article.label, article.text)


def train_reranker(service: SearchService, model_dir: Path, knowledge_dir: Path, out_dir: Path, layers: int = 4,
                   epochs: int = 1, max_length: int = 128, batch_size: int = 16, negatives: int = 2,
                   max_questions: int | None = None, log=print) -> dict:
    from sentence_transformers import InputExample
    from sentence_transformers.cross_encoder import CrossEncoder
    from torch.utils.data import DataLoader

    from legalqa.embedder import hub_offline

    started = time.perf_counter()
    questions = training_questions(service, knowledge_dir)
    pairs = build_pairs(service, questions[:max_questions], negatives=negatives)
    log(f"{len(questions)} questions, {len(pairs)} pairs ({sum(p.label for p in pairs):.0f} positive)")
    examples = [InputExample(texts=[p.question, article_passage(service, p.article_id)], label=p.label) for p in pairs]
    with tempfile.TemporaryDirectory() as tmp, hub_offline():
        for name in _MODEL_FILES:  # the bare transformer, without the embedding model's pooling modules
            if (Path(model_dir) / name).exists():
                shutil.copy(Path(model_dir) / name, Path(tmp) / name)
        model = CrossEncoder(tmp, num_labels=1, max_length=max_length, device="cpu", local_files_only=True,
                             config_kwargs={"num_hidden_layers": layers})
    # the 250k-word embedding table stays as e5 learnt it: updating it is most of a step's cost on CPU
    model.model.get_input_embeddings().requires_grad_(False)
    loader = DataLoader(examples, shuffle=True, batch_size=batch_size)
    steps = len(loader) * epochs
    model.old_fit(train_dataloader=loader, epochs=epochs, warmup_steps=max(1, steps // 10),
                  optimizer_params={"lr": 3e-5}, show_progress_bar=True)
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    model.save(str(out_dir))
    facts = {"layers": layers, "epochs": epochs, "max_length": max_length, "negatives": negatives,
             "questions": len(questions),
             "pairs": len(pairs), "seconds": round(time.perf_counter() - started, 1), "base_model": str(model_dir)}
    (out_dir / MODEL_MARKER).write_text(json.dumps(facts, ensure_ascii=False, indent=2), "utf-8")  # last
    return facts
