"""Federated training of the score model across institutions, on Flower (issue 21).

Model family: L2-regularised logistic regression on the product's own inputs (numeric, ordinal
rank, one dummy per schema category level), standardized with pooled means / sds that the silos
compute together in a first round, trained with FedProx (FedAvg + a proximal term) and calibrated
with Platt scaling fitted *federatedly* (Newton steps on summed gradients / Hessians of the Platt
loss over each silo's own calibration rows; no score or label leaves a silo).

Why this family and not Flower's XGBoost bagging: xgboost is not a dependency of the product, a
bagged ensemble of per-silo trees does not give one set of additive contributions per applicant,
and averaging weights of a convex model is exactly what FedAvg is sound for. A linear model's
reasons are exact: coefficient × standardized deviation from the pooled mean, summed per input,
adds up (with the intercept) to the raw score, like LightGBM's ``pred_contrib``.
"""
