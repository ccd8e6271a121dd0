"""Qt item models over the workspace: lists are views of a model, never one widget per row."""
