"""Normalization stages: encoding, site chrome, Unicode and tone marks, spelling."""
