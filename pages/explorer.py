"""数据探索 Explorer."""
