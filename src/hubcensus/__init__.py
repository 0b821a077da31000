"""hubcensus: measure the open-source AI ecosystem on the Hugging Face Hub from its public metadata."""

__version__ = "0.1.0"
