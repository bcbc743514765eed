"""The live board for the projector: its document (state), its page and its server."""
