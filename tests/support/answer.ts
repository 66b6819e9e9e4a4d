/** An answer's body as text and as JSON (null when it is not JSON: an HTML page, an empty body). */
export const readAnswer = async (response: Response): Promise<{ text: string; json: any }> => {
  const text = await response.text();
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    return { text, json: null };
  }
};
