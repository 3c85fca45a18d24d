"""The REST API for loan-origination systems (FastAPI), beside the Gradio workbench.

It calls the same workflow API and durable queue as the workbench and the batch; see ``app.py``.
"""

from underwrite.api.app import create_app

__all__ = ["create_app"]
