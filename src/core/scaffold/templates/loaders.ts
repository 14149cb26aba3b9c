import type { Framework } from '../types';

/** Per-framework Python snippets (data): load_model/predict_batch for serving, train_and_save for training. */
export interface FrameworkSnippets {
  artifactName: string;
  loader: string;
  trainer: string;
}

const joblibLoader = `import joblib


def load_model(path):
    return joblib.load(path)


def predict_batch(model, inputs):
    return [v.item() if hasattr(v, "item") else v for v in model.predict(inputs)]`;

const torchLoader = `import torch

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def load_model(path):
    model = torch.jit.load(path, map_location=DEVICE)
    model.eval()
    return model


def predict_batch(model, inputs):
    with torch.inference_mode():
        return model(torch.tensor(inputs, dtype=torch.float32, device=DEVICE)).cpu().tolist()`;

export const frameworkSnippets: Record<Framework, FrameworkSnippets> = {
  sklearn: {
    artifactName: 'model.joblib',
    loader: joblibLoader,
    trainer: `import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def train_and_save(data_dir, target):
    x, y = load_iris(return_X_y=True)
    joblib.dump(LogisticRegression(max_iter=500).fit(x, y), target)`,
  },
  xgboost: {
    artifactName: 'model.joblib',
    loader: joblibLoader,
    trainer: `import joblib
from sklearn.datasets import load_iris
from xgboost import XGBClassifier


def train_and_save(data_dir, target):
    x, y = load_iris(return_X_y=True)
    joblib.dump(XGBClassifier(n_estimators=50).fit(x, y), target)`,
  },
  lightgbm: {
    artifactName: 'model.joblib',
    loader: joblibLoader,
    trainer: `import joblib
from lightgbm import LGBMClassifier
from sklearn.datasets import load_iris


def train_and_save(data_dir, target):
    x, y = load_iris(return_X_y=True)
    joblib.dump(LGBMClassifier(n_estimators=50).fit(x, y), target)`,
  },
  pytorch: {
    artifactName: 'model.pt',
    loader: torchLoader,
    trainer: `import torch


def train_and_save(data_dir, target):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3)).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    x = torch.randn(256, 4, device=device)
    y = (x.sum(dim=1) > 0).long()
    for _ in range(100):
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimiser.step()
    torch.jit.script(model.cpu()).save(str(target))`,
  },
  tensorflow: {
    artifactName: 'model.keras',
    loader: `import tensorflow as tf


def load_model(path):
    return tf.keras.models.load_model(path)


def predict_batch(model, inputs):
    return model.predict(tf.constant(inputs), verbose=0).tolist()`,
    trainer: `import numpy as np
import tensorflow as tf


def train_and_save(data_dir, target):
    x = np.random.rand(256, 4).astype("float32")
    y = (x.sum(axis=1) > 2).astype("int32")
    model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=5, verbose=0)
    model.save(target)`,
  },
  jax: {
    artifactName: 'params.npz',
    loader: `import jax.numpy as jnp
import numpy as np


def load_model(path):
    return {k: jnp.asarray(v) for k, v in np.load(path).items()}


def predict_batch(params, inputs):
    return (jnp.asarray(inputs) @ params["w"] + params["b"]).tolist()`,
    trainer: `import jax
import jax.numpy as jnp
import numpy as np


def train_and_save(data_dir, target):
    key = jax.random.PRNGKey(0)
    x = jax.random.normal(key, (256, 4))
    y = x.sum(axis=1, keepdims=True)
    params = {"w": jnp.zeros((4, 1)), "b": jnp.zeros((1,))}
    loss = lambda p: jnp.mean((x @ p["w"] + p["b"] - y) ** 2)
    grad = jax.jit(jax.grad(loss))
    for _ in range(200):
        params = jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grad(params))
    np.savez(target, **{k: np.asarray(v) for k, v in params.items()})`,
  },
  transformers: {
    artifactName: 'model',
    loader: `from transformers import pipeline


def load_model(path):
    return pipeline("text-classification", model=path)


def predict_batch(model, inputs):
    return model([str(i) for i in inputs])`,
    trainer: `from transformers import AutoModelForSequenceClassification, AutoTokenizer


def train_and_save(data_dir, target):
    # Fine-tune here; the sample saves a base checkpoint staged in $DATA_DIR/base (no download at build time).
    base = str(data_dir / "base")
    AutoTokenizer.from_pretrained(base).save_pretrained(target)
    AutoModelForSequenceClassification.from_pretrained(base).save_pretrained(target)`,
  },
  vllm: {
    artifactName: 'model',
    loader: `from vllm import LLM, SamplingParams


def load_model(path):
    return LLM(model=path)


def predict_batch(model, inputs):
    results = model.generate([str(i) for i in inputs], SamplingParams(max_tokens=64))
    return [r.outputs[0].text for r in results]`,
    trainer: `def train_and_save(data_dir, target):
    raise SystemExit("vLLM serves models; train with PyTorch or transformers and point MODEL_PATH at the result")`,
  },
};
