"""Trains a tiny sentiment classifier and writes it to $MODEL_DIR/model.pkl."""
import os
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

TEXTS = [
    ("a wonderful, moving film", 1), ("great acting and a great story", 1), ("I loved every minute", 1),
    ("truly excellent", 1), ("boring and far too long", 0), ("terrible script, awful acting", 0),
    ("I hated it", 0), ("a complete waste of time", 0),
]


def main() -> None:
    model_dir = Path(os.environ.get("MODEL_DIR", "model"))
    model_dir.mkdir(parents=True, exist_ok=True)
    texts, labels = zip(*TEXTS)
    model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression())
    model.fit(texts, labels)
    joblib.dump(model, model_dir / "model.pkl")
    print(f"wrote {model_dir / 'model.pkl'}")


if __name__ == "__main__":
    main()
