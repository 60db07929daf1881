"""Ordinary English words: a run of capitalised words that holds one is not taken for a
romanised name there ("My Number", "Digital Agency", "MOVING OUT" keep their meaning)."""

_WORDS = """
a about abroad account address after agency all am america american an and any app april
are as at august back bad bank be because big brother but by call can card cards care city
code country data day dear december did digital do does don't english error errors family
father february for friday from get go good goodbye government hall have health hello help
her here hi him his home hospital how i id if in individual information insurance is it its
january japan japanese july june just leak leaked leaving license life lost mail march may
me minister ministry monday month more mother move moved moving mr mrs ms much my na national
need new news no not notice november now number october of office ok on online or other our
out overseas password personal pin please point points portal post privacy reason regards
return returning saturday scandal security september service she should sir so son sorry
sunday system thank thanks that the them there they this thursday to tokyo osaka trust
tuesday us use very was ward we wednesday week went what when why wife will with wrong year
yes you your zealand husband daughter death died
"""
NOT_NAME_WORDS = frozenset(_WORDS.split())
