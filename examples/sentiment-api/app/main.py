"""Serves the sentiment model: POST /predict {"text": "..."} -> {"label": "positive"|"negative", "score": float}."""
import os

import joblib
from flask import Flask, jsonify, request

app = Flask(__name__)
model = joblib.load(os.environ.get("MODEL_PATH", "model/model.pkl"))


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.post("/predict")
def predict():
    text = (request.get_json(silent=True) or {}).get("text", "")
    if not isinstance(text, str) or not text:
        return jsonify(error='send {"text": "..."}'), 400
    score = float(model.predict_proba([text])[0][1])
    return {"label": "positive" if score >= 0.5 else "negative", "score": score}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5055")))
