"""The contributor commands beside the pipeline: preview, scaffold, init, review, owners."""
