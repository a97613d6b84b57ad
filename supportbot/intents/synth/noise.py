"""Realistic surface noise: typos, lowercase, missing punctuation."""

from __future__ import annotations

import random
import string

_KEYBOARD_NEIGHBOURS = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "r": "et", "s": "ad",
    "t": "ry", "u": "yi", "v": "cb", "w": "qe", "y": "tu", "z": "x",
}  # fmt: skip


def typo(text: str, rng: random.Random) -> str:
    """One keyboard-style error: drop, double, swap or mistype a letter inside a word."""
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(positions) < 4:
        return text
    i = rng.choice(positions[1:-1])
    op = rng.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    near = _KEYBOARD_NEIGHBOURS.get(text[i].lower(), text[i])
    return text[:i] + rng.choice(near) + text[i + 1 :]


def strip_punctuation(text: str) -> str:
    keep = {"#", "'", "-", "$", "."}
    return "".join(ch for ch in text if ch not in string.punctuation or ch in keep).replace(". ", " ")


def add_noise(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            text = typo(text, rng)
    if rng.random() < 0.25:
        text = text.lower()
    if rng.random() < 0.15:
        text = strip_punctuation(text)
    return text
