"""Pure functions that clean names, identifiers, countries, codes and amounts for comparison."""
