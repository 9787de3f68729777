"""Business actions on consultations: ``drafting`` (create, questions, the state machine),
``taking`` (a citizen's response, phone codes), ``feedback`` (results, review, 采纳情况)."""
