# Azure ML scoring script written by Lepton for an XGBoost model.
# Request:  {"__INPUT__": [[...encoded feature vector...], ...]} (manifest.json "signature";
#           "data" is accepted as the same).
# Response: {"__OUTPUT__": [[...], ...]}, float [N, K]: binary the positive class's probability
#           (K = 1), multiclass the class probabilities, regression the value (K = 1).
import json
import os

import numpy as np
import xgboost as xgb

INPUT = "__INPUT__"
OUTPUT = "__OUTPUT__"

booster = None


def init():
    global booster
    root = os.environ["AZUREML_MODEL_DIR"]
    for folder, _, names in os.walk(root):
        if "xgboost-model" in names:
            booster = xgb.Booster()
            booster.load_model(os.path.join(folder, "xgboost-model"))
            return
    raise RuntimeError("no xgboost-model under " + root)


def run(raw_data):
    request = json.loads(raw_data)
    rows = request[INPUT] if INPUT in request else request["data"]
    rows = np.asarray(rows, dtype=np.float32)
    scores = booster.predict(xgb.DMatrix(rows))
    return {OUTPUT: scores.reshape(len(rows), -1).tolist()}
