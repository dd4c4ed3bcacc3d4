"""The same ONNX file run by OpenVINO, for embedding many passages at once (the index build).

On a CPU with bfloat16 instructions (AVX512_BF16, AMX) OpenVINO runs the matrix products in
bfloat16 with float32 sums, two requests at a time, one per core: on this project's 2-core machine
that embeds the index texts about twice as fast as onnxruntime in float32, with vectors whose
cosine to onnxruntime's is at least 0.9999 (docs/benchmark.md). Without those instructions it
runs in float32. Compiling the model takes about a second, so it is used only for many texts;
queries stay with onnxruntime."""

from collections.abc import Iterable
from pathlib import Path

import numpy as np


class OpenVinoRunner:
    """Runs (input_ids, attention_mask) batches through `onnx_file`; the first output of each.
    Raises ImportError without the openvino package, RuntimeError where it cannot compile the model."""

    def __init__(self, onnx_file: Path, threads: int):
        import openvino

        core = openvino.Core()
        precision = "bf16" if "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"
        streams = max(1, threads)  # one request per core: faster than both cores on one request
        self._model = core.compile_model(core.read_model(str(onnx_file)), "CPU", {
            "INFERENCE_PRECISION_HINT": precision,
            "PERFORMANCE_HINT": "THROUGHPUT",
            "NUM_STREAMS": streams,
            "INFERENCE_NUM_THREADS": threads,
        })
        self._streams = streams

    def run(self, batches: Iterable[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        import openvino

        outputs: dict[int, np.ndarray] = {}
        queue = openvino.AsyncInferQueue(self._model, self._streams)
        queue.set_callback(lambda request, number: outputs.__setitem__(
            number, request.get_output_tensor(0).data.copy()))
        for number, (input_ids, attention_mask) in enumerate(batches):
            queue.start_async({"input_ids": input_ids, "attention_mask": attention_mask}, number)
        queue.wait_all()
        return [outputs[number] for number in range(len(outputs))]
