# Sphinx configuration of the ratingapi API reference (os-api-ref).
#
# Build: sphinx-build -W -b html -d api-ref/build/doctrees \
#            api-ref/source api-ref/build/html

extensions = [
    'os_api_ref',
    'openstackdocstheme',
]

project = 'ratingapi'
copyright = 'ratingapi contributors'

root_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}

html_theme = 'openstackdocs'
html_theme_options = {
    'sidebar_mode': 'toc',
}
# Take the name above; there is no setup.cfg to read one from.
openstackdocs_auto_name = False

pygments_style = 'native'

# The v2 microversion range, for the selector os-api-ref adds to the page
# (parameters with a min_version are hidden below it).
os_api_ref_min_microversion = '2.0'
os_api_ref_max_microversion = '2.2'
