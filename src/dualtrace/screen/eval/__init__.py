"""The labelled evaluation set: variations of real listed names, and near misses that are not
listed, by class; and scoring a screener on it (precision and recall per class)."""
