from __future__ import annotations

import numpy as np

from supportbot.intents.dataset import load_bitext
from supportbot.intents.features import build_features
from supportbot.intents.model import IntentModel, ModelCard


def test_compiled_blocks_score_like_scikit_learn() -> None:
    from sklearn.svm import LinearSVC

    rows = load_bitext()[::7]
    texts = [e.text for e in rows]
    labels = [e.label for e in rows]
    features = build_features("tfidf")
    classifier = LinearSVC(C=0.5, random_state=0).fit(features.fit_transform(texts), labels)
    card = ModelCard(
        model_version="t", features="tfidf", labels=list(classifier.classes_), oos_label="out_of_scope",
        temperature=1.0, oos_threshold=0.0, low_confidence_threshold=0.5, seed=0, train_examples=len(rows),
        train_seconds=0.0,
    )  # fmt: skip
    model = IntentModel.from_fitted(features, classifier, card)
    probes = [
        "Où est ma commande ? Crème brûlée, naïve café",
        "I want   to\tcancel\n\norder 123 NOW!!!",
        "a",
        "",
        "x" * 300,
        "Hello,\nwhere is my refund for #W2611340?\nThanks,\nAna",
        *texts[:50],
    ]
    expected = classifier.decision_function(features.transform(probes))
    np.testing.assert_allclose(model.scores(probes), expected, rtol=1e-4, atol=1e-4)


def test_loading_a_model_does_not_import_scikit_learn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from supportbot.intents.model import IntentModel, DEFAULT_MODEL_FILE\n"
        "m = IntentModel.load(DEFAULT_MODEL_FILE)\n"
        "m.predict_proba(['where is my order'])\n"
        "print('sklearn' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False"
