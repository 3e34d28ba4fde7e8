"""Writers of the real file formats dualtrace reads, one module per format.

Writers take plain rows and know nothing of the story being told; the seed case and the world
generator decide what goes in them.
"""
