"""normalise stage of actionplans."""
