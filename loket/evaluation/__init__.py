"""The assistant's evaluation: what a visitor reads, judged against hand-written questions.

`items` reads the question set in eval/questions/, `matching` decides whether an answer text
contains a fact, `harness` asks every question through the same code as POST /api/v1/ask
(and two simple peers), `report` turns the outcomes into the figures of docs/benchmarks.md.
"""
