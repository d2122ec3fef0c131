"""The domain services: every rule of Koers lives here, once, without Qt."""
