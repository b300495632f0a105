"""Built-in variants, one module per variant, and the helpers they share.

Nothing is imported here: the registry (:mod:`cablelib.registry`) imports a
variant's module the first time the variant is needed, so ``import
cablelib`` stays light however many variants there are.

A variant is three small pieces that mirror each other:

* ``grammars/variants/<name>.lark`` — ``%import envelope (start, <the rules
  it changes>, ...)`` then ``%override`` / ``%extend`` of those rules only,
  and the base's ``%ignore`` repeated (Lark never imports ``%ignore``);
* ``cablelib/variants/<name>.py`` — a :class:`~cablelib.registry.Variant`
  subclass (metadata, :meth:`~cablelib.registry.Variant.score`) and a
  transformer subclass overriding the callbacks of the rules it changed;
* ``tests/variants/test_<name>.py`` — its real cables.

A variant whose cables the base grammar reads correctly may keep the base
grammar and transformer and only score (``state``, ``old-header``): it names
the family on the result and is the place for a rule that holds only there.

Shared helpers: :mod:`.signals` (cheap facts for scoring), :mod:`.namespaces`
(lets a base-grammar transformer serve a grammar that imports the base) and
:mod:`.ref_pieces` (cutting REF blocks at a post's own item boundaries).
``docs/variants.md`` is the full guide, ``docs/variant-reference.md`` lists
the built-in variants.
"""
