"""The desk console for the loket's staff: the assistant in desk mode with a printable handout,
the visit log, the loket's settings, the indicators and the questions the assistant could not answer."""
