"""Features: each column kind and cross-document feature behind one protocol.

protocol.py: the Feature base class and how to add a feature; registry.py: the features
of a build, in order.
"""
