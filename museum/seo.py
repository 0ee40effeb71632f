"""schema.org descriptions of the museum and its exhibits, for search engines (JSON-LD)."""

from django.utils import translation


def museum_json_ld(request, museum):
    data = {
        "@context": "https://schema.org",
        "@type": "Museum",
        "name": museum.name,
        "url": request.build_absolute_uri(museum.get_absolute_url()),
        "address": {"@type": "PostalAddress", "streetAddress": museum.address, "addressLocality": "Harbin"},
        "isAccessibleForFree": museum.is_free,
    }
    if museum.opening_hours_spec:
        data["openingHours"] = museum.opening_hours_spec
    if museum.description:
        data["description"] = museum.description
    return data


def exhibit_json_ld(request, exhibit, primary_image=None):
    data = {
        "@context": "https://schema.org",
        "@type": "VisualArtwork",
        "name": exhibit.display_title,
        "url": request.build_absolute_uri(exhibit.get_absolute_url()),
        "identifier": exhibit.accession_number,
        "description": exhibit.brief_description,
        "inLanguage": translation.get_language(),
    }
    if primary_image is not None and primary_image.image_large:
        data["image"] = request.build_absolute_uri(primary_image.image_large.url)
    if exhibit.materials:
        data["artMedium"] = exhibit.materials
        data["material"] = exhibit.materials
    if exhibit.dimensions:
        data["size"] = exhibit.dimensions
    if exhibit.date_made:
        data["dateCreated"] = exhibit.date_made
    if exhibit.maker:
        data["creator"] = {"@type": "Person", "name": exhibit.maker}
    if exhibit.object_type_id:
        data["artform"] = exhibit.object_type.name
    return data
