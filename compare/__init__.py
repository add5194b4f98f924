"""compare stage of actionplans."""
