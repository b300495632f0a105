"""The example plugin below is a package of its own: its tests run against the
installed plugin (tests/variants/test_third_party.py installs it), never
collected as part of cablelib's suite."""

collect_ignore_glob = ["cablelib-reykjavik/*"]
