"""The mock BKN side (SIASN + e-Kinerja). PMM code reaches it only over HTTP."""
