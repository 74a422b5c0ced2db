"""Payment gateways, each behind one interface with a local server speaking its protocol."""
