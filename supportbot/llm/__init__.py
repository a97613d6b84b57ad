"""Reply-model backends behind one interface: in-process transformers+peft, or a vLLM server."""
