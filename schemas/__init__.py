"""schemas stage of actionplans."""
