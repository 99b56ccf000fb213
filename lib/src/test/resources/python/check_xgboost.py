# Scores exported XGBoost artifacts with Python XGBoost (Debian's python3-xgboost, the 1.7 line of
# sagemaker-xgboost:1.7-1), encoding raw rows from manifest.json alone.
# Args: manifest.json, model.tar.gz (SageMaker), Azure ML version folder, rows.json (raw rows).
# Prints {"xgboost": version, "encoded": [[...]], "sagemaker": [[...]], "azureml": [[...]]}.
import importlib.util
import io
import json
import math
import os
import pickle
import sys
import tarfile
import tempfile

import numpy as np
import xgboost as xgb

manifest_path, archive, azure_dir, rows_path = sys.argv[1:5]
with open(manifest_path) as f:
    signature = json.load(f)["signature"]
with open(rows_path) as f:
    rows = json.load(f)


def encode(row):
    width = signature["inputs"][0]["dims"][1]
    x = [0.0] * width
    for feature in signature["encoded"]:
        value = row.get(feature["name"])
        offset = feature["offset"]
        if feature["kind"] == "numeric":
            if value is None:
                continue
            if feature["log"]:
                value = math.copysign(math.log1p(abs(value)), value) if value != 0 else 0.0
            x[offset] = (value - feature["mean"]) / feature["std"]
        elif value is not None and str(value) in feature["categories"]:
            x[offset + feature["categories"].index(str(value))] = 1.0
    return x


encoded = np.asarray([encode(r) for r in rows], dtype=np.float32)

# SageMaker's XGBoost container: model.tar.gz unpacked into the model folder, every file loaded
# by pickle or else Booster.load_model (serve_utils.get_loaded_booster), text/csv requests.
model_dir = tempfile.mkdtemp()
with tarfile.open(archive) as tar:
    tar.extractall(model_dir)
boosters = []
for name in sorted(os.listdir(model_dir)):
    path = os.path.join(model_dir, name)
    if not os.path.isfile(path):
        continue
    try:
        with open(path, "rb") as f:
            booster = pickle.load(f)
    except Exception:
        booster = xgb.Booster()
        booster.load_model(path)
    booster.set_param("nthread", 1)
    boosters.append(booster)
assert len(boosters) == 1, "expected one model file in model.tar.gz, found %d" % len(boosters)
csv = "\n".join(",".join(repr(float(v)) for v in row) for row in encoded)
dtest = xgb.DMatrix(np.loadtxt(io.StringIO(csv), delimiter=",", ndmin=2))
sagemaker = boosters[0].predict(dtest, validate_features=False).reshape(len(rows), -1)

# Azure ML: score.py with AZUREML_MODEL_DIR at the registered model's files.
os.environ["AZUREML_MODEL_DIR"] = azure_dir
spec = importlib.util.spec_from_file_location("score", os.path.join(azure_dir, "score", "score.py"))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
score.init()
response = score.run(json.dumps({"features": encoded.tolist()}))

print(json.dumps({"xgboost": xgb.__version__, "encoded": encoded.tolist(),
                  "sagemaker": sagemaker.tolist(), "azureml": response["output"]}))
