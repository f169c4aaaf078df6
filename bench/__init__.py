"""The retrieval benchmark: this service beside the textbook llama-index pipeline (`make bench`)."""
