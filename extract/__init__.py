"""extract stage of actionplans."""
