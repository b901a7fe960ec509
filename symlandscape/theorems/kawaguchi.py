"""Claims: see THEOREMS.md (work in progress)."""
