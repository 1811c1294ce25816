"""Readers of the inputs researchers have, and atomic writers of the outputs."""
