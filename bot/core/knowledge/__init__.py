"""Knowledge: loading, chunking, storing and retrieving account notes, playbooks and metrics."""
