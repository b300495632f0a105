"""Field splitters: turn one grammar token into typed values.

The grammar gives each envelope line and caption field one token (cheap to
lex, see docs/architecture.md); these small pure functions split a token's
text into the model's fields.  They never see Lark objects, only ``str``.
"""
